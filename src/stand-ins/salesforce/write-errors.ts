/** A whole-request error of a collection write (400 with Salesforce's error body). */
export class UpsertRequestError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** One record's refusal in a collection write's results. */
export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}
