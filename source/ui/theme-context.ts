// The theme reaches every component through context: it changes only at start-up, so it never
// causes re-renders, and panes keep primitive props.
import { createContext, useContext } from 'react';
import { createTheme, type Theme } from './theme.js';

export const ThemeContext = createContext<Theme>(createTheme({ colorMode: 'never', ascii: false }));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
