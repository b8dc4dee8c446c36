#include "util/arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (64 * 1024)
#define ARENA_ALIGN alignof (max_align_t)

typedef struct ArenaBlock ArenaBlock;
struct ArenaBlock {
  ArenaBlock *previous;
  alignas (max_align_t) char bytes[];
};

struct _Arena {
  ArenaBlock *blocks;  /* the newest first */
  gsize used;          /* of the newest's bytes */
  gsize size;          /* of the newest's bytes */
};

Arena *
arena_new (void)
{
  return g_new0 (Arena, 1);
}

void
arena_free (Arena *arena)
{
  if (!arena)
    return;
  while (arena->blocks)
    {
      ArenaBlock *previous = arena->blocks->previous;
      g_free (arena->blocks);
      arena->blocks = previous;
    }
  g_free (arena);
}

static ArenaBlock *
arena_block_new (ArenaBlock *previous, gsize size)
{
  ArenaBlock *block = g_malloc (sizeof (ArenaBlock) + size);
  block->previous = previous;
  return block;
}

gpointer
arena_alloc0_aligned (Arena *arena, gsize size, gsize align)
{
  g_return_val_if_fail (align > 0 && align <= ARENA_ALIGN
                            && (align & (align - 1)) == 0,
                        NULL);
  if (size > ARENA_BLOCK_SIZE / 4)
    {
      /* a large piece: a block of its own, behind the newest */
      size = (size + ARENA_ALIGN - 1) & ~(gsize) (ARENA_ALIGN - 1);
      ArenaBlock **link = arena->blocks ? &arena->blocks->previous
                                        : &arena->blocks;
      *link = arena_block_new (*link, size);
      if (link == &arena->blocks)
        arena->used = arena->size = size;
      return memset ((*link)->bytes, 0, size);
    }
  gsize at = (arena->used + align - 1) & ~(align - 1);
  if (!arena->blocks || at + size > arena->size)
    {
      arena->blocks = arena_block_new (arena->blocks, ARENA_BLOCK_SIZE);
      arena->size = ARENA_BLOCK_SIZE;
      at = 0;
    }
  gpointer piece = arena->blocks->bytes + at;
  arena->used = at + size;
  return memset (piece, 0, size);
}

gpointer
arena_alloc0 (Arena *arena, gsize size)
{
  size = (size + ARENA_ALIGN - 1) & ~(gsize) (ARENA_ALIGN - 1);
  return arena_alloc0_aligned (arena, size, ARENA_ALIGN);
}

char *
arena_strndup (Arena *arena, const char *s, gsize len)
{
  char *copy = arena_alloc0_aligned (arena, len + 1, 1);
  if (len)
    memcpy (copy, s, len);
  return copy;
}
