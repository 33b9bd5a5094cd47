import "reflect-metadata";
import { runServiceMain } from "@gcn/shared";
import { service } from "./entities.service";

runServiceMain(service);
