/* Header names to SipHeaderId: full names (RFC 3261 §20 and extensions)
 * and compact forms (RFC 3261 §7.3.3, §20; RFC 3265, 3515, 3892, 3841,
 * 4474, 4028), case-insensitive (§7.3.1). */
#pragma once

#include "sip/sip_message.h"

/* name is a token (RFC 3261 §25.1). */
SipHeaderId sip_header_id_from_name (const char *name, gsize len);
