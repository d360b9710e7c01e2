//! Typed serde models for Microsoft Graph resources (generated from `spec/`; filled in by the models issue).
