"""Stan's transformed data of posteriordb twin families, computed once for both twins (numpy in, numpy out)."""
