/* sipscan — the core library's one public header.
 *
 * An analyzer takes captured frames (the CLI) or SIP messages already
 * extracted by someone else (the Wireshark plugin), rebuilds SIP
 * transactions and dialogs (RFC 3261 §17, §12) and reports two kinds of
 * findings through a sink of callbacks, as soon as each is decided:
 *   - INVITEs stuck after 100 Trying, and INVITEs that got no response;
 *   - Digest authentication attempts and their outcome (RFC 3261 §22,
 *     RFC 7616, RFC 8760), with per-user and per-source aggregates.
 * All times are capture times; the analyzer never reads the clock.
 * An analyzer holds all its state: several may live in one process. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SIPSCAN_VERSION "0.1.0"

/* Capture time: nanoseconds since the Unix epoch. */
typedef gint64 SipscanTime;
#define SIPSCAN_TIME_PER_SECOND G_GINT64_CONSTANT(1000000000)
#define SIPSCAN_TIME_FROM_SECONDS(s) ((SipscanTime) ((s) * 1e9))
/* Options in seconds stay below this (about 31 years), so that a time
 * plus a timeout cannot overflow. */
#define SIPSCAN_MAX_OPTION_SECONDS 1e9

typedef enum {
  SIPSCAN_TRANSPORT_UDP,
  SIPSCAN_TRANSPORT_TCP,
  SIPSCAN_TRANSPORT_SCTP,
  SIPSCAN_TRANSPORT_TLS,
  SIPSCAN_TRANSPORT_WS,
} SipscanTransport;

const char *sipscan_transport_name (SipscanTransport transport);

/* An IP address and port; family 4 or 6 (0 when unknown). */
typedef struct {
  guint8 family;
  guint16 port;
  guint8 addr[16];
} SipscanEndpoint;

/* "192.0.2.1:5060" or "[2001:db8::1]:5060"; "ip" alone when port is 0. */
#define SIPSCAN_ENDPOINT_STRLEN 56
char *sipscan_endpoint_format (const SipscanEndpoint *endpoint,
                               char buf[SIPSCAN_ENDPOINT_STRLEN]);
/* The address without the port. */
char *sipscan_endpoint_format_host (const SipscanEndpoint *endpoint,
                                    char buf[SIPSCAN_ENDPOINT_STRLEN]);

typedef struct {
  double trying_timeout;      /* seconds after a 100 with nothing else */
  guint bruteforce_failures;  /* a source brute-forces when it fails more
                                 than this many times ... */
  double bruteforce_window;   /* ... within this many seconds */
  double state_timeout;       /* seconds an open transaction, challenge or
                                 call is kept without activity */
  double linger;              /* seconds a completed transaction is kept
                                 to recognise retransmissions (64·T1) */
  guint max_transactions;     /* table caps; reaching one is counted */
  guint max_challenges;
  guint max_calls;
  guint max_aggregate_keys;   /* per-user and per-source rows, each */
  guint max_fragment_datagrams; /* IP datagrams reassembled at once */
  gsize max_fragment_bytes;   /* bytes their fragments hold together */
  double fragment_timeout;    /* seconds from a datagram's first fragment
                                 until it is dropped incomplete */
  /* TCP stream reassembly (RFC 9293) and SIP framing on streams. */
  guint tcp_max_streams;      /* directions of connections tracked at once */
  double tcp_stream_timeout;  /* seconds a stream is kept without segments */
  double tcp_gap_timeout;     /* seconds bytes after a hole wait for it */
  guint tcp_max_stream_buffer; /* out-of-order bytes held per direction ... */
  guint tcp_max_buffer;       /* ... and in all */
  guint sip_max_stream_message; /* bytes held for one incomplete message
                                   on a stream ... */
  guint sip_max_buffer;       /* ... and on all streams together */
  /* TRUE: tracking and detection run on a thread of their own, fed in
   * order, while the caller's thread decodes and parses; the sink is then
   * called from that thread until sipscan_analyzer_finish, and the
   * counters of tracking and detection arrive at finish. */
  gboolean analysis_thread;
} SipscanOptions;

void sipscan_options_init (SipscanOptions *options);

/* ---- Findings ---------------------------------------------------------- */

typedef enum {
  SIPSCAN_STALL_PROVISIONAL, /* a later 101–199 response */
  SIPSCAN_STALL_FINAL,       /* a later 200–699 response */
  SIPSCAN_STALL_CANCEL,      /* the caller sent CANCEL */
  SIPSCAN_STALL_CAPTURE_END, /* still open when the capture stopped */
  SIPSCAN_STALL_EXPIRED,     /* sipscan stopped tracking it (state timeout
                                or table cap): the stall is a lower bound */
} SipscanStallEnd;

const char *sipscan_stall_end_name (SipscanStallEnd end);

/* Frame numbers are 1-based; 0 means "none". Statuses: 0 means "none". */
typedef struct {
  const char *call_id;
  const char *user_agent;    /* of the INVITE, may be NULL */
  SipscanEndpoint src, dst;  /* of the INVITE */
  SipscanTransport transport;
  guint64 invite_frame;
  SipscanTime invite_time;
  guint64 trying_frame;
  SipscanTime trying_time;
  SipscanStallEnd ended_by;
  guint64 end_frame;
  SipscanTime end_time;
  guint end_status;
  SipscanTime stall;         /* end_time - trying_time */
} SipscanStuckInvite;

/* An INVITE that never got any response. ended_by is CANCEL,
 * CAPTURE_END or EXPIRED. */
typedef struct {
  const char *call_id;
  const char *user_agent;
  SipscanEndpoint src, dst;
  SipscanTransport transport;
  guint64 invite_frame;
  SipscanTime invite_time;
  guint retransmissions;
  SipscanStallEnd ended_by;
  guint64 end_frame;
  SipscanTime end_time;
  SipscanTime waited;        /* end_time - invite_time */
} SipscanUnansweredInvite;

typedef enum {
  SIPSCAN_AUTH_ACCEPTED,
  SIPSCAN_AUTH_WRONG_CREDENTIALS,
  SIPSCAN_AUTH_FORBIDDEN,
  SIPSCAN_AUTH_STALE_NONCE,
  SIPSCAN_AUTH_ABANDONED,
  SIPSCAN_AUTH_NO_RESPONSE,
} SipscanAuthOutcome;
#define SIPSCAN_AUTH_OUTCOME_COUNT (SIPSCAN_AUTH_NO_RESPONSE + 1)

const char *sipscan_auth_outcome_name (SipscanAuthOutcome outcome);
gboolean sipscan_auth_outcome_is_failure (SipscanAuthOutcome outcome);

/* One request that carried Digest credentials, or (outcome ABANDONED) one
 * challenge that no request answered and that was not itself the answer
 * to an attempt (that attempt's record already carries it). Strings may
 * be NULL. */
typedef struct {
  const char *call_id;
  const char *method;
  const char *username;
  const char *realm;
  const char *user_agent;
  SipscanEndpoint client, server;
  SipscanTransport transport;
  guint64 challenge_frame;   /* 0 when the challenge is not in the capture */
  guint challenge_status;
  SipscanTime challenge_time;
  guint64 retry_frame;       /* the request with credentials; 0 if abandoned */
  SipscanTime retry_time;
  guint64 result_frame;      /* its final response; 0 if none */
  guint result_status;
  SipscanTime result_time;
  SipscanAuthOutcome outcome;
} SipscanAuthAttempt;

/* Aggregates, reported once at the end of the analysis. */
typedef struct {
  const char *username;
  const char *realm;
  guint64 attempts;
  guint64 failures;          /* wrong_credentials + forbidden */
  guint64 outcomes[SIPSCAN_AUTH_OUTCOME_COUNT];
  guint sources;             /* distinct source addresses */
  guint64 first_failure_frame, last_failure_frame;
} SipscanUserStats;

typedef struct {
  SipscanEndpoint source;    /* port 0: aggregated per address */
  guint64 attempts;
  guint64 failures;
  guint64 outcomes[SIPSCAN_AUTH_OUTCOME_COUNT];
  guint usernames;           /* distinct username+realm pairs tried */
  gboolean brute_force;
  guint64 brute_force_frame; /* the failure that crossed the threshold */
  SipscanTime brute_force_time;
  const char *user_agent;    /* first User-Agent seen from this source */
  const char *scanner;       /* the scanner that User-Agent names, or NULL */
  guint64 first_frame, last_frame;
} SipscanSourceStats;

/* Findings and statistics are valid only during the callback. */
typedef struct {
  void (*stuck_invite) (const SipscanStuckInvite *finding, gpointer data);
  void (*unanswered_invite) (const SipscanUnansweredInvite *finding,
                             gpointer data);
  void (*auth_attempt) (const SipscanAuthAttempt *finding, gpointer data);
  void (*user_stats) (const SipscanUserStats *stats, gpointer data);
  void (*source_stats) (const SipscanSourceStats *stats, gpointer data);
} SipscanSink;

/* ---- Counters ---------------------------------------------------------- */

/* Every frame ends in exactly one of the frames_* counters. */
typedef struct {
  guint64 frames;
  guint64 frames_sip;          /* carried at least one SIP message */
  guint64 frames_not_sip;      /* well formed, no SIP in it */
  guint64 frames_malformed;    /* a header or SIP message is invalid */
  guint64 frames_truncated;    /* cut by the snaplen before the payload */
  guint64 frames_unsupported;  /* link type or encapsulation not decoded */
  guint64 frames_ip_fragment;  /* IP fragment held for reassembly (the
                                  one completing a datagram counts as
                                  what the datagram carries) */
  guint64 frames_tcp;          /* TCP segment in which no SIP message
                                  completed (data held, ACK only,
                                  keep-alive) */
  guint64 frames_sctp;         /* SCTP packet in which no SIP message
                                  completed (control chunks only, a
                                  DATA fragment held) */

  /* IP reassembly (RFC 791, RFC 8200). A fragment that discards its
   * datagram is a malformed frame. */
  guint64 ip_datagrams_reassembled;
  guint64 ip_fragments_overlapping; /* bytes differ from those held */
  guint64 ip_fragments_invalid;     /* beyond 65535, misaligned, ... */
  guint64 ip_datagrams_incomplete;  /* timed out or left at capture end */

  /* Encapsulations: frames decoded through at least one tunnel or mirror
   * (IP-in-IP, GRE, ERSPAN, VXLAN, GTP-U, MPLS, PPPoE), whatever they
   * carried, and well-formed HEP packets, whatever their payload. */
  guint64 tunnels_decoded;
  guint64 hep_messages;

  guint64 sip_messages;        /* every SIP message, retransmissions too */
  guint64 sip_requests;
  guint64 sip_responses;
  guint64 sip_malformed;       /* looked like SIP, failed to parse */
  guint64 sip_violations; /* analysed, with a tolerated grammar violation */
  guint64 sip_retransmissions;
  guint64 sip_trailing_bytes;  /* datagrams with bytes after the message */
  guint64 sip_orphan_responses;/* responses to no request in the capture */

  /* TCP (RFC 9293): each direction of a connection is a stream. */
  guint64 tcp_streams;         /* started by a SYN or by data */
  guint64 tcp_retransmitted_segments; /* data already held or delivered */
  guint64 tcp_overlap_conflicts; /* segments whose bytes differ from those
                                    held for the same sequence numbers */
  guint64 tcp_gaps;            /* holes given up: their bytes never came */
  guint64 tcp_bytes_lost;      /* bytes in those holes */
  guint64 tcp_not_sip_streams; /* streams with data and no SIP in it */

  /* SIP on streams (RFC 3261 §18.3, RFC 5626 §3.5.1). */
  guint64 sip_stream_messages; /* messages framed by Content-Length */
  guint64 sip_keepalives;      /* CRLFCRLF pings and CRLF pongs */
  guint64 sip_stream_resyncs;  /* start lines found after lost bytes */
  guint64 sip_stream_bytes_skipped; /* bytes that were not SIP, in streams
                                       that carried SIP */
  guint64 sip_stream_incomplete; /* a message unfinished at stream end */

  /* Other carriers: TLS (RFC 8446), SIP over WebSocket (RFC 7118, RFC
   * 6455), SIP over SCTP (RFC 4168, RFC 9260). */
  guint64 tls_streams;         /* TCP streams that start with a TLS record:
                                  cannot be read without keys */
  guint64 websocket_streams;   /* directions switched to WebSocket by a
                                  handshake offering or accepting sip */
  guint64 websocket_frames;
  guint64 websocket_control_frames; /* close, ping, pong */
  guint64 websocket_messages;  /* data messages handed to the SIP parser */
  guint64 websocket_errors;    /* frames breaking RFC 6455 framing (the
                                  rest of the stream is skipped) or using
                                  an extension (the message is skipped) */
  guint64 websocket_oversize;  /* messages over sip_max_stream_message,
                                  discarded */
  guint64 sctp_chunks;         /* every chunk of every SCTP packet */
  guint64 sctp_data_chunks;    /* DATA chunks (a whole message or a
                                  fragment) */
  guint64 sctp_fragments;      /* DATA chunks holding part of a message */
  guint64 sctp_reassembled;    /* messages rebuilt from fragments */
  guint64 sctp_fragments_dropped; /* fragments of messages that never
                                     completed (missing fragment, timeout,
                                     cap, end of capture) */
  guint64 sctp_unsupported_chunks; /* I-DATA (RFC 8260): not decoded */

  guint64 transactions;
  guint64 invite_transactions;
  guint64 calls;               /* distinct Call-IDs */
  guint64 dialogs;             /* confirmed by a 2xx with a To tag */

  guint64 stuck_invites;
  guint64 unanswered_invites;
  guint64 auth_attempts;
  guint64 auth_outcomes[SIPSCAN_AUTH_OUTCOME_COUNT];
  guint64 brute_force_sources;
  guint64 scanner_sources;

  /* Caps and timeouts: state dropped before its natural end. */
  guint64 transactions_evicted;  /* table full */
  guint64 transactions_expired;  /* open past state_timeout */
  guint64 challenges_evicted;
  guint64 calls_evicted;
  guint64 aggregate_keys_dropped;
  guint64 ip_datagrams_evicted;  /* fragment datagram or byte cap */
  guint64 tcp_streams_evicted;   /* stream table full */
  guint64 tcp_gaps_at_cap;       /* holes given up early: an out-of-order
                                    buffer cap was reached */
  guint64 sip_stream_oversize;   /* messages over sip_max_stream_message,
                                    discarded */
  guint64 sip_stream_dropped_at_cap; /* unfinished messages discarded (SIP
                                        or WebSocket) because the streams
                                        held sip_max_buffer bytes */
} SipscanCounters;

/* ---- The analyzer ------------------------------------------------------ */

typedef struct _SipscanAnalyzer SipscanAnalyzer;

/* A captured frame. linktype is a DLT_ value as libpcap reports it
 * (pcap_datalink); the LINKTYPE_ values of the same link types work too. */
typedef struct {
  guint64 number;
  SipscanTime time;
  int linktype;
  const guint8 *data;
  guint32 caplen;
  guint32 wirelen;
} SipscanFrame;

SipscanAnalyzer *sipscan_analyzer_new (const SipscanOptions *options,
                                       const SipscanSink *sink,
                                       gpointer sink_data);
void sipscan_analyzer_free (SipscanAnalyzer *analyzer);

/* The CLI's entry: decode a frame from the link layer up. */
void sipscan_analyzer_add_frame (SipscanAnalyzer *analyzer,
                                 const SipscanFrame *frame);

/* The plugin's entry: one SIP message someone else extracted. Counts the
 * frame when its number differs from the previous call's. */
void sipscan_analyzer_add_sip_message (SipscanAnalyzer *analyzer,
                                       guint64 frame_number, SipscanTime time,
                                       const SipscanEndpoint *src,
                                       const SipscanEndpoint *dst,
                                       SipscanTransport transport,
                                       const guint8 *data, gsize len);

/* The capture ended: decide every open verdict, then report aggregates. */
void sipscan_analyzer_finish (SipscanAnalyzer *analyzer);

const SipscanCounters *
sipscan_analyzer_peek_counters (const SipscanAnalyzer *analyzer);

/* Time of the first and last frame seen (0 before any); a frame carrying
 * a HEP message counts at the message's HEP time. */
SipscanTime sipscan_analyzer_first_time (const SipscanAnalyzer *analyzer);
SipscanTime sipscan_analyzer_last_time (const SipscanAnalyzer *analyzer);

/* Why frames and messages were malformed, truncated or unsupported: layer
 * ("link", "ip", "udp", "gre", "hep", "sip", ...), reason, count; in a
 * stable order. */
typedef void (*SipscanReasonFunc) (const char *layer, const char *reason,
                                   guint64 count, gpointer data);
void sipscan_analyzer_foreach_reason (const SipscanAnalyzer *analyzer,
                                      SipscanReasonFunc func, gpointer data);

G_END_DECLS
