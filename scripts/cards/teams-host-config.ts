/**
 * Host configs close to how Teams renders Adaptive Cards (Segoe UI, Teams' light and dark palettes, its spacing).
 * Teams' exact host config is not published as a package, so this is an approximation for previews, not a
 * pixel-exact rendering.
 */
export function teamsHostConfig(theme: 'light' | 'dark') {
  const dark = theme === 'dark';
  const fg = (def: string, subtle: string) => ({ default: def, subtle });
  return {
    fontFamily: "'Segoe UI', system-ui, -apple-system, sans-serif",
    supportsInteractivity: true,
    spacing: { small: 4, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: dark ? '#3D3D3D' : '#E0E0E0' },
    fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    containerStyles: {
      default: {
        backgroundColor: dark ? '#292929' : '#FFFFFF',
        foregroundColors: {
          default: fg(dark ? '#FFFFFF' : '#242424', dark ? '#ADADAD' : '#616161'),
          accent: fg(dark ? '#A6A7DC' : '#5B5FC7', dark ? '#A6A7DC' : '#5B5FC7'),
          good: fg(dark ? '#92C353' : '#237B4B', dark ? '#92C353' : '#237B4B'),
          warning: fg(dark ? '#F8D22A' : '#835B00', dark ? '#F8D22A' : '#835B00'),
          attention: fg(dark ? '#F9526B' : '#C4314B', dark ? '#F9526B' : '#C4314B'),
        },
      },
      emphasis: {
        backgroundColor: dark ? '#1F1F1F' : '#F5F5F5',
        foregroundColors: { default: fg(dark ? '#FFFFFF' : '#242424', dark ? '#ADADAD' : '#616161') },
      },
    },
    actions: {
      maxActions: 6,
      buttonSpacing: 8,
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
      spacing: 'default',
      showCard: { actionMode: 'inline' },
    },
    inputs: { label: { inputSpacing: 'small', requiredInputs: { weight: 'bolder' } } },
    factSet: { title: { weight: 'bolder', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 8 },
  };
}
