/** Read models of vaccine supply (sites, stock and its history, file results, the export's rows) and their queries. */
package org.surgecare.projections.vaccine;
