"""Publishing: the PDFs (Typst), the site (the site engine), safe writes into the
output folder, build state, and the index of every pack."""
