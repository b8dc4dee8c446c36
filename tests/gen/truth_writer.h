/* The truth file of a capture (NAME.truth.jsonl): a header line naming
 * the record types it states completely, then one JSON object per
 * expected sipscan record. Records name frames by the packets the
 * scenario wrote; they become frame numbers when the file is saved. */
#pragma once

#include "capture.h"

typedef struct _TruthWriter TruthWriter;

TruthWriter *truth_writer_new (void);
void truth_writer_free (TruthWriter *truth);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TruthWriter, truth_writer_free)

/* Packets may be NULL (JSON null); statuses 0 are null. */
void truth_stuck_invite (TruthWriter *truth, const char *call_id,
                         const CapturePacket *invite,
                         const CapturePacket *trying, const char *ended_by,
                         const CapturePacket *end, guint end_status);

void truth_unanswered_invite (TruthWriter *truth, const char *call_id,
                              const CapturePacket *invite,
                              const char *ended_by,
                              const CapturePacket *end);

typedef struct {
  const char *call_id;
  const char *method;
  const char *username;               /* NULL when abandoned */
  const char *realm;
  const CapturePacket *challenge;
  guint challenge_status;
  const CapturePacket *retry;
  const CapturePacket *result;
  guint result_status;
  const char *outcome;
} TruthAuthAttempt;

void truth_auth_attempt (TruthWriter *truth, const TruthAuthAttempt *attempt);

void truth_auth_source (TruthWriter *truth, const char *source,
                        gboolean brute_force);

/* Numbers the captures' frames in merged time order, counts the summary
 * from the frames' kinds and writes the file at path. */
gboolean truth_writer_save (TruthWriter *truth, const char *path,
                            Capture **captures, guint n_captures,
                            GError **error);
