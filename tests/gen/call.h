/* SIP user agents and the messages they exchange over one Call-ID, sent
 * into a capture: requests from `ua` to `peer`, responses back, built the
 * way RFC 3261 says (§8.1.1 requests, §8.2.6 responses, §9.1 CANCEL,
 * §17.1.1.3 ACK for non-2xx, §13.2.2.4 ACK for 2xx, §15.1 BYE, §10.2
 * REGISTER). */
#pragma once

#include "capture.h"
#include "digest.h"
#include "sip_builder.h"
#include "wire.h"

typedef struct {
  const char *user;         /* NULL for a server */
  const char *display;      /* may be NULL */
  const char *domain;
  const char *ip;
  guint16 port;
  const char *user_agent;   /* User-Agent of its requests, Server of its
                               responses */
} SipAgent;

char *sip_agent_host_port (const SipAgent *agent);  /* "[2001:db8::1]:5060" */
char *sip_agent_aor (const SipAgent *agent);        /* "sip:alice@example.com" */
char *sip_agent_contact_uri (const SipAgent *agent);

/* Sends a message from one agent to another as one UDP frame, or as the
 * wire's send_sip does. */
CapturePacket *sip_agent_send (Wire *wire, gint64 time, const SipAgent *from,
                               const SipAgent *to, const SipMsg *msg);

const char *sip_reason_phrase (guint status);

typedef struct {
  Wire *wire;
  const SipAgent *ua;        /* sends the requests */
  const SipAgent *peer;      /* next hop: receives them and answers */
  char *seed;                /* every identifier is derived from it */
  char *call_id;
  char *from_tag;
  char *to_uri;
  char *request_uri;
  char *to_tag;              /* the dialog's, from an INVITE response */
  char *remote_target;       /* Contact of the 2xx to the INVITE */
  guint32 cseq;
  guint n_branches;
  guint n_cnonces;
  SipMsg *invite;            /* the last INVITE sent */
  SipMsg *request;           /* the last request sent */
  guint invite_final;        /* final status to that INVITE, 0 if none */
  gboolean compact;          /* compact header names */
} Call;

/* A call from ua through peer to to_uri (also the Request-URI). */
void call_init (Call *call, Wire *wire, const SipAgent *ua,
                const SipAgent *peer, const char *to_uri, const char *seed);
/* Registrations of ua's address-of-record at registrar. */
void call_init_register (Call *call, Wire *wire, const SipAgent *ua,
                         const SipAgent *registrar, const char *seed);
void call_clear (Call *call);

/* A new Call-ID, From tag and CSeq start (a scanner's next try). */
void call_renew_id (Call *call, const char *seed);

char *call_new_branch (Call *call);

/* A request in a new client transaction: new branch, CSeq + 1 (ACK for a
 * 2xx reuses the INVITE's number); in-dialog requests go to the remote
 * target with the To tag. INVITE gets an SDP offer. */
SipMsg *call_new_request (Call *call, const char *method);
/* Sends a request made by call_new_request (or by hand) from ua to peer;
 * it becomes call->request (and call->invite for an INVITE). */
CapturePacket *call_send (Call *call, gint64 time, SipMsg *request);
/* Sends call->request again, byte for byte. */
CapturePacket *call_resend (Call *call, gint64 time);

/* peer's response to request: To tag except on 100, Contact and SDP
 * where an INVITE's 18x/2xx has them, Server. */
SipMsg *call_new_response (Call *call, const SipMsg *request, guint status);
/* Sends a response from peer to ua and notes the dialog state. */
CapturePacket *call_send_response (Call *call, gint64 time,
                                   SipMsg *response);

/* Shorthands: new request or response, sent at once. */
CapturePacket *call_request (Call *call, gint64 time, const char *method);
CapturePacket *call_reply (Call *call, gint64 time, guint status);
CapturePacket *call_reply_invite (Call *call, gint64 time, guint status);
/* ACK to the last INVITE's final response (same branch for a non-2xx). */
CapturePacket *call_ack (Call *call, gint64 time);
/* CANCEL of the last INVITE (same branch, CSeq number and Request-URI). */
CapturePacket *call_cancel (Call *call, gint64 time);

/* Adds WWW-Authenticate or Proxy-Authenticate (header) to a response. */
void call_add_challenge (SipMsg *response, const char *header,
                         const DigestChallenge *challenge);
/* Adds Authorization or Proxy-Authorization (header) answering challenge
 * with ua's user name and password, nonce count nc. */
void call_add_credentials (Call *call, SipMsg *request, const char *header,
                           const DigestChallenge *challenge,
                           const char *password, guint nc);
