import { describe, expect, it } from 'vitest';
import { searchWithTab, tabFromSearch } from './useTab';

describe('tab in the URL', () => {
  it('opens the bench tab from ?tab=bench and the run tab otherwise', () => {
    expect(tabFromSearch('?tab=bench&tasks=niah')).toBe('bench');
    expect(tabFromSearch('?tab=other')).toBe('run');
    expect(tabFromSearch('')).toBe('run');
  });
  it('sets and clears tab, keeping the other parameters', () => {
    expect(searchWithTab('?provider=ollama&m=ollama%2Cq%3A4b', 'bench')).toBe('?provider=ollama&m=ollama%2Cq%3A4b&tab=bench');
    expect(searchWithTab('?tab=bench&seed=42', 'run')).toBe('?seed=42');
    expect(searchWithTab('?tab=bench', 'run')).toBe('');
  });
});
