import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles.css';
import { installTransport } from './transport/install';

installTransport();

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
