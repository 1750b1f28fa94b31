/** One message for one recipient on one channel; `id` is the notification's id and its idempotency key. */
export interface OutgoingMessage { id: string; channel: string; to: string; subject: string; text: string; html?: string; url?: string; tag?: string }
export interface Channel { readonly name: string; send(message: OutgoingMessage): Promise<void> }
