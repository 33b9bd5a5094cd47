import "reflect-metadata";
import { runServiceMain } from "@gcn/shared";
import { service } from "./briefings.service";

runServiceMain(service);
