/** Each page's h1 takes focus when the page opens, so keyboard and screen reader users start there. */
import { useEffect, useRef, type ReactNode } from 'react';

export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Not on the first load: the browser's own start (the top of the page) is right then.
    if (document.activeElement !== document.body) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
