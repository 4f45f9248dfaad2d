import '@xyflow/react/dist/style.css';
import './base.css';
import './graph.css';
import './lineage.css';
import './schedules.css';
