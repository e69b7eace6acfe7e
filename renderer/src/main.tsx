import { createRoot } from 'react-dom/client';

function App() {
  return <main>Stock Ledger</main>;
}

createRoot(document.getElementById('root')!).render(<App />);
