/* Starting the load of memory wanted soon, where the compiler can say
 * so (nothing elsewhere), a cache line at a time. */
#pragma once

#define CACHE_LINE 64

#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch (address)
#else
#define PREFETCH(address) ((void) (address))
#endif
