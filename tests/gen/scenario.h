/* The scenarios: each writes its capture(s) and their truth file into an
 * output folder. Times are nanoseconds since the epoch, counted from
 * 2026-01-01T00:00:00Z. */
#pragma once

#include "call.h"
#include "capture.h"
#include "truth_writer.h"
#include "wire.h"

#define GEN_EPOCH G_GINT64_CONSTANT (1767225600000000000)
#define US(us) ((gint64) (us) * 1000)
#define MS(ms) ((gint64) (ms) * 1000000)
/* A time ms milliseconds after GEN_EPOCH. */
#define T(ms) (GEN_EPOCH + MS (ms))

typedef gboolean (*ScenarioFunc) (const char *outdir, GError **error);

gboolean scenario_stuck_invite (const char *outdir, GError **error);
gboolean scenario_digest_auth (const char *outdir, GError **error);
gboolean scenario_bruteforce (const char *outdir, GError **error);
gboolean scenario_link_layers (const char *outdir, GError **error);
gboolean scenario_frame_accounting (const char *outdir, GError **error);
gboolean scenario_unsupported_link (const char *outdir, GError **error);
gboolean scenario_multifile (const char *outdir, GError **error);
gboolean scenario_carriers (const char *outdir, GError **error);
gboolean scenario_tunnels (const char *outdir, GError **error);

/* Writes outdir/truth_name (numbering the frames) and every capture. */
gboolean scenario_save (const char *outdir, const char *truth_name,
                        TruthWriter *truth, Capture **captures,
                        guint n_captures, GError **error);

/* Sends a 401 or 407 (status) to call->request carrying challenges, in
 * the order given; NULL-terminated. */
CapturePacket *scenario_send_challenge (Call *call, gint64 time,
                                        guint status,
                                        const DigestChallenge *challenge,
                                        ...) G_GNUC_NULL_TERMINATED;
/* Sends a new request of call answering challenge (status 401: header
 * Authorization, 407: Proxy-Authorization). */
CapturePacket *scenario_send_with_credentials (Call *call, gint64 time,
                                               const char *method,
                                               guint status,
                                               const DigestChallenge *challenge,
                                               const char *password, guint nc);
