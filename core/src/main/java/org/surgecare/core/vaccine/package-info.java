/**
 * Vaccine supply: sites, the product catalogue, stock reports, chain inventory files and the rules they follow
 * (stock, freshness, CSV rows, geo distance). Shares only {@code org.surgecare.core.common} with the care product.
 */
package org.surgecare.core.vaccine;
