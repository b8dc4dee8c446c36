/* A SIP transaction as seen on the wire (RFC 3261 §17): the request, its
 * retransmissions and the responses that match it (§17.1.3: top Via branch
 * and sent-by plus CSeq method; §17.2.3 fallback for RFC 2543 branches).
 * The tracker records facts; detectors read them. */
#pragma once

#include "sip/sip_message.h"
#include "util/state_table.h"

/* Where and when a message was seen. */
typedef struct {
  guint64 frame;       /* 0: not seen */
  SipscanTime time;
  guint status;        /* responses */
} MessageRef;

/* Capture facts about one message, from whoever extracted it. */
typedef struct {
  guint64 frame;
  SipscanTime time;
  SipscanEndpoint src, dst;
  SipscanTransport transport;
} MessageMeta;

typedef struct _AuthAttempt AuthAttempt;

#define TRANSACTION_MAX_STATUSES 8

typedef struct {
  StateEntry entry;
  SipMethod method;
  const char *method_name;
  char *call_id;
  char *from_user;
  char *user_agent;
  SipscanEndpoint src, dst;      /* of the request */
  SipscanTransport transport;
  MessageRef request;            /* first transmission */
  guint retransmissions;
  MessageRef first_response;
  MessageRef trying;             /* a 100 that was the first response */
  MessageRef after_trying;       /* first 101–699 response after it */
  MessageRef final;
  MessageRef cancel;             /* INVITE: the CANCEL that targets it */
  guint16 seen_status[TRANSACTION_MAX_STATUSES];
  guint n_seen_status;
  gboolean stall_decided;        /* the stuck-INVITE detector's mark */
  AuthAttempt *auth;             /* owned by the Digest detector, which
                                    frees it when the transaction ends */
} Transaction;
