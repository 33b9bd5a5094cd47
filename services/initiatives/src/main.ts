import "reflect-metadata";
import { runServiceMain } from "@gcn/shared";
import { service } from "./initiatives.service";

runServiceMain(service);
