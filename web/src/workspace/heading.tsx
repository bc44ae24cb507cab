import type { ReactNode } from 'react';

export type Level = 2 | 3 | 4 | 5 | 6;

/** A heading whose level the caller picks, so a shared part fits the outline of each page it is on. */
export const Heading = ({
  level,
  className,
  id,
  children,
}: {
  readonly level: Level;
  readonly className?: string;
  readonly id?: string;
  readonly children: ReactNode;
}) => {
  const Tag = `h${level}` as const;
  return (
    <Tag className={className} id={id}>
      {children}
    </Tag>
  );
};

export const below = (level: Level): Level => (level === 6 ? 6 : ((level + 1) as Level));
