/* Why a frame or message was not analysed. Reasons are static constants
 * defined next to the code that detects them; counters key on their
 * address. */
#pragma once

typedef struct {
  const char *layer;  /* "link", "ip", "udp", "sip", ... */
  const char *text;   /* short, lower case, no trailing period */
} Reason;

#define REASON_DEFINE(name, layer_, text_) \
  const Reason name = { layer_, text_ }

/* Records reason in *first unless first is NULL or already holds one:
 * the first of several tolerated violations wins. */
static inline void
reason_note_first (const Reason **first, const Reason *reason)
{
  if (first != NULL && *first == NULL)
    *first = reason;
}
