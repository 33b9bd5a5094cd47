import "reflect-metadata";
import { runServiceMain } from "@gcn/shared";
import { service } from "./plan.service";

runServiceMain(service);
