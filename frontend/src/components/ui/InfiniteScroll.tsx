import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "./Button";

/**
 * Loads the next page when its sentinel scrolls into view; the button stays for keyboard
 * users and for browsers without IntersectionObserver.
 */
export function InfiniteScroll({
  hasMore,
  loading,
  onLoadMore,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasMore || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loading) onLoadMore();
    }, { rootMargin: "400px" });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore, loading, onLoadMore]);
  return (
    <div ref={sentinel} className="infinite-scroll">
      {hasMore ? (
        <Button onClick={onLoadMore} busy={loading}>
          {t("loadMore")}
        </Button>
      ) : (
        <p className="muted">{t("noMore")}</p>
      )}
    </div>
  );
}
