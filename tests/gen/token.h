/* Identifiers that look random (tags, branches, Call-IDs, nonces) but are
 * derived from a seed text, so every run writes the same bytes. */
#pragma once

#include <glib.h>

/* len lower-case hex digits (at most 64) derived from the formatted seed. */
char *token_hex (guint len, const char *format, ...) G_GNUC_PRINTF (2, 3);
