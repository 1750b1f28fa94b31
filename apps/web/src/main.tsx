import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

// Pages are chunks loaded on demand: a tab opened before a new build replaced them asks for files
// that are gone. Load the new build instead of a blank page — at most once every 10 s, never a loop.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('dossier-flow.reloaded-at') ?? 0);
  if (Date.now() - last < 10_000) return;
  sessionStorage.setItem('dossier-flow.reloaded-at', String(Date.now()));
  event.preventDefault();
  window.location.reload();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
