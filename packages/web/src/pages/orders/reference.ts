import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { Category, Unit } from '../../api/types.ts';

/** Units and categories change rarely: loaded once per session, looked up by id. */
export function useUnits(enabled = true) {
  return useQuery({
    queryKey: ['reference', 'units'],
    queryFn: async () => {
      const { items } = await unwrap(api.GET('/api/units'));
      return new Map<number, Unit>(items.map((u) => [u.id, u]));
    },
    staleTime: 10 * 60_000,
    enabled,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: ['reference', 'categories'],
    queryFn: async () => {
      const { items } = await unwrap(api.GET('/api/categories'));
      return new Map<number, Category>(items.map((c) => [c.id, c]));
    },
    staleTime: 10 * 60_000,
  });
}

/** 城乡建设 / 住房保障 / 物业管理: a category with its ancestors. */
export function categoryPath(
  categories: Map<number, Category> | undefined,
  id: number | null,
): string | null {
  if (id === null || !categories) return null;
  const names: string[] = [];
  for (let c = categories.get(id); c; c = c.parentId === null ? undefined : categories.get(c.parentId)) {
    names.unshift(c.name);
  }
  return names.length > 0 ? names.join(' / ') : null;
}

export function unitName(units: Map<number, Unit> | undefined, id: number | null): string | null {
  if (id === null) return null;
  return units?.get(id)?.name ?? `单位 #${id}`;
}
