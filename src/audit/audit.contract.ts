/** One change to a record as other modules show it (a booking's history). */
export { AuditChangeDto } from './dto/audit.dto';
