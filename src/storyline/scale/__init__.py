"""Scale: the per-article stages (ingest's preparation, annotate) mapped over processes or a Dask cluster."""

from storyline.scale.mapper import DaskMapper, Mapper, ProcessMapper, SerialMapper, chunked, make_mapper

__all__ = ["DaskMapper", "Mapper", "ProcessMapper", "SerialMapper", "chunked", "make_mapper"]
