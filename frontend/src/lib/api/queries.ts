import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";

export interface CursorPage<T> {
  items: T[];
  next_cursor?: string | null;
}

/** A cursor-paginated list (`?cursor=`), flattened; `fetchNextPage` loads the next page. */
export function useCursorList<T>(queryKey: QueryKey, fetchPage: (cursor?: string) => Promise<CursorPage<T>>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}
