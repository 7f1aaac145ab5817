/** The integration user the sync authenticates as. */
export const DEMO_INTEGRATION_USERNAME = 'integration@pulse-demo.example';

/** The demo account managers and leaders: the same people (and e-mails) as the Agents Playground's mock users. */
export const demoPeople = [
  {
    key: 'grace',
    name: 'Grace Liu',
    email: 'grace.liu@pulse-demo.example',
    tz: 'Europe/London',
    manager: null,
    title: 'VP Key Accounts',
  },
  {
    key: 'sam',
    name: 'Sam Okafor',
    email: 'sam.okafor@pulse-demo.example',
    tz: 'Europe/London',
    manager: 'grace',
    title: 'Sales Director',
  },
  {
    key: 'dana',
    name: 'Dana Whitfield',
    email: 'dana.whitfield@pulse-demo.example',
    tz: 'Europe/London',
    manager: 'sam',
    title: 'Key Account Manager',
  },
  {
    key: 'marco',
    name: 'Marco Rossi',
    email: 'marco.rossi@pulse-demo.example',
    tz: 'Europe/Rome',
    manager: 'sam',
    title: 'Key Account Manager',
  },
  {
    key: 'priya',
    name: 'Priya Natarajan',
    email: 'priya.natarajan@pulse-demo.example',
    tz: 'Asia/Kolkata',
    manager: 'sam',
    title: 'Key Account Manager',
  },
  {
    key: 'lena',
    name: 'Lena Hoffmann',
    email: 'lena.hoffmann@pulse-demo.example',
    tz: 'Europe/Berlin',
    manager: 'sam',
    title: 'Key Account Manager',
  },
] as const;
