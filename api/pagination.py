from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """Stable pages while rows are added: phones sync through long lists with a cursor."""

    ordering = "id"
    page_size_query_param = "page_size"
    max_page_size = 500
