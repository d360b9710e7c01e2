//! A typed Microsoft Graph client (the runtime and generated endpoints land with the client issue).
