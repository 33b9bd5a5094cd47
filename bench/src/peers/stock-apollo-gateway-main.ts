import { readFileSync } from "node:fs";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

/**
 * The peer a federation user would pick first: stock @apollo/gateway on Apollo Server, as its
 * documentation sets it up, over the same committed supergraph. Every subgraph call carries the
 * fixed signed headers of one identity (PEER_SIGNED_HEADERS), since the peer has no way to sign
 * ours. Started by `npm run bench -- --peers`.
 */
async function main(): Promise<void> {
  const subgraphUrls = JSON.parse(process.env.PEER_SUBGRAPH_URLS ?? "{}") as Record<string, string>;
  const signedHeaders = JSON.parse(process.env.PEER_SIGNED_HEADERS ?? "{}") as Record<
    string,
    string
  >;
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(process.env.PEER_SUPERGRAPH_PATH!, "utf8"),
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url: subgraphUrls[name] ?? url,
        willSendRequest({ request }) {
          for (const [header, value] of Object.entries(signedHeaders)) {
            request.http?.headers.set(header, value);
          }
        },
      }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.PEER_PORT), host: "127.0.0.1" },
  });
  console.log(`stock @apollo/gateway listening on ${url}`);
  process.once("SIGTERM", () => {
    void server.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
