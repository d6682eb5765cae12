/** Messages as the vendor itself stores them, read over its REST API (never through our product). */
export interface VendorSideMessage {
  id: string;
  text: string;
  idempotencyKey: string | null;
}

/** The test's own client of one vendor's REST API (the run's dialect of the sandbox), one file per vendor. */
export interface E2eVendorClient {
  /** The vendor's own webhook type for a new message, as its delivery log names it (its webhook docs). */
  newMessageEvent: string;
  /** Every message of a conversation, following the vendor's paging. */
  messages(conversationId: string): Promise<VendorSideMessage[]>;
  /** Posts a message as `senderId` the way a person's client would (not through our app); answers the vendor's message id. */
  send(input: { conversationId: string; senderId: string; text: string; key: string }): Promise<string>;
}

/** What a vendor client needs from the e2e stack. */
export interface E2eVendorStack {
  sandboxUrl: string;
  appId: string;
  apiSecret: string;
}
