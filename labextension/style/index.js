import '@xyflow/react/dist/style.css';
import './base.css';
import './designer.css';
import './graph.css';
import './lineage.css';
import './schedules.css';
