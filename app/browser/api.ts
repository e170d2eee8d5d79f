/** The server's API from this page: the contract's client over same-origin `fetch` (cookies go). */
import { apiClient } from "../../lib/contract/client.ts";

export { ApiError } from "../../lib/contract/client.ts";

export const call = apiClient((input, init) =>
  fetch(input, { ...init, credentials: "same-origin" })
);
