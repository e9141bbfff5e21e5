/** Routes of vaccine supply: sites, stock reports, inventory files, search and the public-health export. */
package org.surgecare.http.vaccine;
