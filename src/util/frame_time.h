/* Frame times from capture files. A time must lie within 2^62 ns of the
 * epoch (the years 1824 to 2116): the analysis adds timeouts to times and
 * subtracts them, and a pcapng file's resolution and offset can put a
 * time anywhere. */
#pragma once

#include "sipscan.h"

#define FRAME_TIME_OUT_OF_RANGE "frame time out of range (years 1824 to 2116)"
#define FRAME_TIME_MAX_SECONDS \
  ((G_GINT64_CONSTANT (1) << 62) / SIPSCAN_TIME_PER_SECOND)

/* seconds since the epoch plus nanoseconds (below 10^9) as a SipscanTime;
 * FALSE when out of range. */
static inline gboolean
frame_time_make (gint64 seconds, guint32 nanoseconds, SipscanTime *time)
{
  if (seconds > FRAME_TIME_MAX_SECONDS || seconds < -FRAME_TIME_MAX_SECONDS)
    return FALSE;
  *time = seconds * SIPSCAN_TIME_PER_SECOND + nanoseconds;
  return TRUE;
}

/* The same, brought into range: for times someone else has read (the
 * plugin's), whose frames must still be counted. */
static inline SipscanTime
frame_time_clamped (gint64 seconds, guint32 nanoseconds)
{
  SipscanTime time;
  if (frame_time_make (seconds, nanoseconds, &time))
    return time;
  return seconds > 0 ? FRAME_TIME_MAX_SECONDS * SIPSCAN_TIME_PER_SECOND
                     : -FRAME_TIME_MAX_SECONDS * SIPSCAN_TIME_PER_SECOND;
}
