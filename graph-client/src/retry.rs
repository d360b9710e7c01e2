//! When and how long to wait before retrying a throttled or unavailable request: `Retry-After` when Graph sends it, otherwise capped exponential backoff with jitter.
//!
//! Graph asks clients to retry 429 (throttled), 503 (service unavailable) and 504 (gateway
//! timeout), waiting as long as `Retry-After` says. A request body is held as bytes and
//! replayed unchanged; streamed bodies are not offered.
//!
//! A retry must not apply a request twice. 429 and 503 say the service did not act on it,
//! so they are retried for every method. A 504 only says a gateway stopped waiting: the
//! service may have acted, so it is retried only for the methods HTTP defines as
//! idempotent (GET, HEAD, PUT, DELETE, OPTIONS), never for a POST or PATCH. Transport errors
//! and timeouts are not retried at all, for the same reason.
//!
//! A `Retry-After` longer than the policy's `max_delay` is not cut short: retrying before
//! the service allows it only earns another 429. The error is returned instead, with the
//! wait in [`ApiError::retry_after`](crate::ApiError::retry_after), for the caller to decide.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderValue;
use reqwest::{Method, StatusCode};

/// How many times a request is tried and how long the client waits in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts in all, backoff from 500 ms, no wait longer than 30 s.
    fn default() -> Self {
        RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_millis(500), max_delay: Duration::from_secs(30) }
    }
}

impl RetryPolicy {
    /// One attempt: every failure is returned as it happens.
    pub fn disabled() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Total attempts including the first; at least 1.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The backoff before the first retry when the server gives no `Retry-After`; it doubles per retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// The longest wait between attempts. A `Retry-After` longer than this ends the retries:
    /// the error is returned with its `retry_after`, so a caller is never stalled longer than it
    /// chose and the service is not asked again before it allows.
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The statuses Graph documents as transient.
    pub fn is_retryable(status: StatusCode) -> bool {
        matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT)
    }

    /// Whether a `method` request that got `status` may be sent again: a transient status, and
    /// for a 504, whose request may have been applied, an idempotent method.
    pub fn may_retry(method: &Method, status: StatusCode) -> bool {
        let idempotent = matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS);
        Self::is_retryable(status) && (status != StatusCode::GATEWAY_TIMEOUT || idempotent)
    }

    /// The wait after attempt `failed_attempt` (1-based): the server's `Retry-After` when given,
    /// otherwise `initial_backoff * 2^(failed_attempt - 1)` with "equal jitter" (half fixed, half
    /// random, so that many clients throttled together do not retry in lockstep), capped at
    /// `max_delay`. `None` when `Retry-After` asks for longer than `max_delay`: no retry.
    pub(crate) fn delay_before_retry(&self, failed_attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if let Some(retry_after) = retry_after {
            return (retry_after <= self.max_delay).then_some(retry_after);
        }
        let doublings = failed_attempt.saturating_sub(1).min(20);
        let backoff = self.initial_backoff.saturating_mul(1 << doublings).min(self.max_delay);
        let half = backoff / 2;
        Some(half + half.mul_f64(jitter_fraction()))
    }
}

/// Parses `Retry-After` in either form: delta-seconds (`120`) or an HTTP-date, which counts
/// from `now` and gives zero when it is already past.
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A uniform number in [0, 1) from a process-wide xorshift64 generator seeded from the clock;
/// jitter needs spread, not unpredictability, so no random-number crate is pulled in.
fn jitter_fraction() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let step = |mut x: u64| {
        if x == 0 {
            let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_nanos() as u64);
            x = nanos | 1;
        }
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut next = 0;
    // The closure always returns `Some`, so the update cannot fail.
    let _ = STATE.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |x| {
        next = step(x);
        Some(next)
    });
    // The top 53 bits fill an f64 mantissa exactly.
    (next >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_are_honoured() {
        let policy = RetryPolicy::default();
        let now = SystemTime::now();
        let retry_after = parse_retry_after(&HeaderValue::from_static("7"), now);
        assert_eq!(retry_after, Some(Duration::from_secs(7)));
        assert_eq!(policy.delay_before_retry(1, retry_after), Some(Duration::from_secs(7)));
    }

    #[test]
    fn retry_after_http_date_counts_from_now() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let date = httpdate::fmt_http_date(now + Duration::from_secs(42));
        let value = HeaderValue::from_str(&date).unwrap();
        assert_eq!(parse_retry_after(&value, now), Some(Duration::from_secs(42)));
    }

    #[test]
    fn retry_after_in_the_past_means_now() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let value = HeaderValue::from_str(&httpdate::fmt_http_date(now - Duration::from_secs(5))).unwrap();
        assert_eq!(parse_retry_after(&value, now), Some(Duration::ZERO));
    }

    #[test]
    fn unreadable_retry_after_is_ignored() {
        assert_eq!(parse_retry_after(&HeaderValue::from_static("soon"), SystemTime::now()), None);
        assert_eq!(parse_retry_after(&HeaderValue::from_static("-3"), SystemTime::now()), None);
    }

    #[test]
    fn retry_after_beyond_max_delay_ends_the_retries_instead_of_retrying_early() {
        let policy = RetryPolicy::default().with_max_delay(Duration::from_secs(2));
        assert_eq!(policy.delay_before_retry(1, Some(Duration::from_secs(3600))), None);
        assert_eq!(policy.delay_before_retry(1, Some(Duration::from_secs(2))), Some(Duration::from_secs(2)));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default().with_initial_backoff(Duration::from_millis(100)).with_max_delay(Duration::from_millis(350));
        for _ in 0..100 {
            let first = policy.delay_before_retry(1, None).unwrap();
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let second = policy.delay_before_retry(2, None).unwrap();
            assert!(second >= Duration::from_millis(100) && second <= Duration::from_millis(200), "{second:?}");
            let capped = policy.delay_before_retry(30, None).unwrap();
            assert!(capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350), "{capped:?}");
        }
    }

    #[test]
    fn jitter_stays_in_the_unit_interval() {
        for _ in 0..10_000 {
            let fraction = jitter_fraction();
            assert!((0.0..1.0).contains(&fraction));
        }
    }

    #[test]
    fn disabled_means_one_attempt_and_zero_is_raised_to_one() {
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts(), 1);
    }

    #[test]
    fn only_throttling_and_unavailability_are_retried() {
        for status in [429, 503, 504] {
            assert!(RetryPolicy::is_retryable(StatusCode::from_u16(status).unwrap()));
        }
        for status in [400, 401, 404, 500, 502] {
            assert!(!RetryPolicy::is_retryable(StatusCode::from_u16(status).unwrap()));
        }
    }

    #[test]
    fn a_gateway_timeout_is_retried_only_for_idempotent_methods() {
        for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS] {
            assert!(RetryPolicy::may_retry(&method, StatusCode::GATEWAY_TIMEOUT), "{method}");
        }
        for method in [Method::POST, Method::PATCH] {
            assert!(!RetryPolicy::may_retry(&method, StatusCode::GATEWAY_TIMEOUT), "{method}");
            assert!(RetryPolicy::may_retry(&method, StatusCode::TOO_MANY_REQUESTS), "{method}");
            assert!(RetryPolicy::may_retry(&method, StatusCode::SERVICE_UNAVAILABLE), "{method}");
            assert!(!RetryPolicy::may_retry(&method, StatusCode::BAD_GATEWAY), "{method}");
        }
    }
}
