/* One SIP conversation of the benchmark capture (a call, a registration,
 * an OPTIONS ping): a user agent and a proxy exchanging the messages of
 * a script, one step at a time, each at a capture time of its own. What
 * identifies it on the wire (Call-ID, tags, branches, nonces) is derived
 * from its serial number, so a message can be rendered again byte for
 * byte as a retransmission. */
#pragma once

#include <glib.h>

typedef enum {
  /* requests, from the user agent to the proxy */
  MSG_INVITE,
  MSG_INVITE_AUTH,      /* with Proxy-Authorization */
  MSG_ACK,              /* for a non-2xx final: the INVITE's branch */
  MSG_ACK_2XX,          /* a transaction of its own, in the dialog */
  MSG_BYE,
  MSG_CANCEL,
  MSG_REGISTER,
  MSG_REGISTER_AUTH,    /* with Authorization for the last nonce */
  MSG_OPTIONS,
  /* responses, from the proxy */
  MSG_100,
  MSG_180,
  MSG_200_INVITE,       /* with SDP */
  MSG_200,              /* to the last request other than INVITE */
  MSG_401,
  MSG_401_STALE,
  MSG_403,
  MSG_404,
  MSG_407,
  MSG_408,
  MSG_486,
  MSG_487,
  MSG_END               /* the script is over */
} SipMsgKind;

typedef struct {
  guint64 serial;           /* order of start */
  guint64 key;              /* what its identifiers are derived from */
  guint64 next_time;        /* microseconds since the epoch */
  guint8 kind;              /* MixKind */
  guint8 step;              /* index in the kind's script */
  gboolean retransmitting;  /* the current step goes once more */
  gboolean over_tcp;
  guint8 tcp_link;
  gboolean big_invite;      /* SDP large enough to fragment over UDP */
  guint32 retransmitted_steps;  /* bit n: step n is sent twice */

  guint32 phone;            /* the caller, or the registering phone */
  guint32 callee;           /* a phone */
  guint32 ua_ip;            /* the phone, or the SBC over TCP */
  guint16 ua_port;
  guint32 proxy_ip;

  /* the transaction state that requests and responses are rendered from */
  guint32 cseq;
  guint8 branches;          /* branches used so far */
  guint8 tx_method;         /* SipMsgKind of the request answered by the
                               next response that is not the INVITE's */
  guint32 tx_cseq;
  guint8 tx_branch;
  guint32 invite_cseq;
  guint8 invite_branch;
  guint8 invite_attempt;    /* 1 after a 407: a new To tag */
  guint8 nonce_generation;  /* 0: a nonce from before the capture */
} Session;

gboolean sip_msg_kind_is_request (SipMsgKind msg);
/* Whether a message may be retransmitted over UDP: requests other than
 * ACK, and the 2xx to an INVITE. */
gboolean sip_msg_kind_is_retransmitted (SipMsgKind msg);

/* Moves the session's transaction state on to msg, before msg is
 * rendered the first time (a retransmission renders it again as is). */
void session_enter (Session *session, SipMsgKind msg);
