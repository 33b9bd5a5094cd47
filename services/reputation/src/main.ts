import "reflect-metadata";
import { runServiceMain } from "@gcn/shared";
import { service } from "./reputation.service";

runServiceMain(service);
