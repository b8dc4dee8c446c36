/* The traffic mix of the benchmark capture: kinds of session, each a
 * script of messages with the delays between them, drawn by weight; and
 * what sipscan should find in one session of each kind. */
#pragma once

#include "prng.h"
#include "session.h"

typedef struct {
  SipMsgKind msg;
  guint16 at_once;          /* per mille: the next message follows at once
                               (in the same TCP segment when it goes the
                               same way) */
  guint32 min_ms, max_ms;   /* otherwise the next message this much later */
} MixStep;

typedef struct {
  const char *name;
  guint weight;
  gboolean may_use_tcp;     /* calls and pings; registrations stay on UDP */
  const MixStep *steps;     /* ends with MSG_END */
  /* what sipscan finds in one such session */
  guint stuck_invites;
  guint auth_accepted, auth_wrong_credentials, auth_forbidden,
        auth_stale_nonce;
} MixKind;

enum {
  MIX_TCP_PER_MILLE = 80,          /* of sessions that may use TCP */
  MIX_BIG_INVITE_PER_MILLE = 10,   /* of sessions with an INVITE, on UDP */
  MIX_RETRANSMIT_PER_MILLE = 20,   /* of messages that may be resent */
  MIX_RETRANSMIT_MS = 500,         /* T1 */
};

guint mix_n_kinds (void);
const MixKind *mix_kind (guint kind);

/* What every session is drawn from. */
typedef struct {
  guint64 seed;
  guint32 phones;   /* the population of users, one phone each */
} MixPlan;

/* Makes session a new session numbered serial, of a kind drawn by weight
 * whose messages fit in budget (at least 2) without leaving exactly 1;
 * returns how many messages it will send, retransmissions included. Its
 * next_time is left to the caller. */
guint mix_start_session (Session *session, Prng *prng, const MixPlan *plan,
                         guint64 serial, guint64 budget);

/* The step the session is at. */
const MixStep *mix_step (const Session *session);
