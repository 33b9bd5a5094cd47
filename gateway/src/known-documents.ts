/**
 * Distinct documents remembered (a client's operations are few), and the characters they may
 * hold together (documents go up to 100 kB: 2,000 of those would be 200 MB); past either bound
 * the memory starts afresh.
 */
const KNOWN_DOCUMENTS = 2000;
const KNOWN_DOCUMENT_CHARACTERS = 8_000_000;

/** The key of a document and the operation of it a request names. */
export function documentKeyOf(query: string, operationName: string | undefined): string {
  return `${operationName ?? ""}\n${query}`;
}

/** What the gateway remembers per document (documentKeyOf), within the bounds above. */
export class KnownDocuments<T> {
  private readonly entries = new Map<string, T>();
  private characters = 0;

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: T): void {
    if (
      this.entries.size >= KNOWN_DOCUMENTS ||
      this.characters + key.length > KNOWN_DOCUMENT_CHARACTERS
    ) {
      this.entries.clear();
      this.characters = 0;
    }
    this.entries.set(key, value);
    this.characters += key.length;
  }
}
