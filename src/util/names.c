/* The words the reports and the JSON contract use for enum values. */
#include "sipscan.h"

const char *
sipscan_transport_name (SipscanTransport transport)
{
  switch (transport)
    {
    case SIPSCAN_TRANSPORT_UDP: return "udp";
    case SIPSCAN_TRANSPORT_TCP: return "tcp";
    case SIPSCAN_TRANSPORT_SCTP: return "sctp";
    case SIPSCAN_TRANSPORT_TLS: return "tls";
    case SIPSCAN_TRANSPORT_WS: return "ws";
    }
  return "?";
}

const char *
sipscan_stall_end_name (SipscanStallEnd end)
{
  switch (end)
    {
    case SIPSCAN_STALL_PROVISIONAL: return "provisional";
    case SIPSCAN_STALL_FINAL: return "final";
    case SIPSCAN_STALL_CANCEL: return "cancel";
    case SIPSCAN_STALL_CAPTURE_END: return "capture_end";
    case SIPSCAN_STALL_EXPIRED: return "expired";
    }
  return "?";
}

const char *
sipscan_auth_outcome_name (SipscanAuthOutcome outcome)
{
  switch (outcome)
    {
    case SIPSCAN_AUTH_ACCEPTED: return "accepted";
    case SIPSCAN_AUTH_WRONG_CREDENTIALS: return "wrong_credentials";
    case SIPSCAN_AUTH_FORBIDDEN: return "forbidden";
    case SIPSCAN_AUTH_STALE_NONCE: return "stale_nonce";
    case SIPSCAN_AUTH_ABANDONED: return "abandoned";
    case SIPSCAN_AUTH_NO_RESPONSE: return "no_response";
    }
  return "?";
}

gboolean
sipscan_auth_outcome_is_failure (SipscanAuthOutcome outcome)
{
  return outcome == SIPSCAN_AUTH_WRONG_CREDENTIALS
         || outcome == SIPSCAN_AUTH_FORBIDDEN;
}
