"""Trade enquiries: a shop, exporter or brand asks producer groups for a quote on a bulk order,
a group answers with a quote, and the accepted quote becomes an ordinary order."""
