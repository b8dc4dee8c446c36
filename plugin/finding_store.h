/* The plugin's copy of every finding of one capture, in the order the
 * analyzer decided them, and an index from frame number to the marks that
 * frame carries (the INVITE, 100 and end of a stuck INVITE; the challenge,
 * retry and result of a Digest attempt; ...). Dissection reads the marks
 * on every pass; reports replay the findings into any SipscanSink. */
#pragma once

#include "sipscan.h"

typedef enum {
  FINDING_STUCK_INVITE,
  FINDING_UNANSWERED_INVITE,
  FINDING_AUTH_ATTEMPT,
  FINDING_USER_STATS,
  FINDING_SOURCE_STATS,
} FindingKind;

typedef struct {
  FindingKind kind;
  union {
    SipscanStuckInvite stuck;
    SipscanUnansweredInvite unanswered;
    SipscanAuthAttempt auth;
    SipscanUserStats user;
    SipscanSourceStats source;
  };
} Finding;

/* What a frame is to a finding. */
typedef enum {
  MARK_STUCK_INVITE,        /* the stuck INVITE */
  MARK_STUCK_TRYING,        /* its 100 Trying */
  MARK_STUCK_END,           /* the response or CANCEL that ended the stall */
  MARK_UNANSWERED_INVITE,
  MARK_UNANSWERED_END,      /* the CANCEL of an unanswered INVITE */
  MARK_AUTH_CHALLENGE,      /* a challenge nobody answered (abandoned) */
  MARK_AUTH_RETRY,          /* the request with credentials */
  MARK_AUTH_RESULT,         /* its final response */
  MARK_BRUTE_FORCE,         /* the failure that made a source a brute-forcer */
} MarkRole;

typedef struct {
  MarkRole role;
  const Finding *finding;   /* owned by the store */
} Mark;

typedef struct _FindingStore FindingStore;

FindingStore *finding_store_new (void);
void finding_store_free (FindingStore *store);

/* The sink to give the analyzer, with the store as its data. */
const SipscanSink *finding_store_get_sink (void);

/* The marks of a frame (Mark, in the order decided), or NULL. */
const GPtrArray *finding_store_peek_marks (const FindingStore *store,
                                           guint64 frame);
guint finding_store_count (const FindingStore *store);

/* Calls sink's callbacks with every finding, in the order they came. */
void finding_store_replay (const FindingStore *store, const SipscanSink *sink,
                           gpointer sink_data);
