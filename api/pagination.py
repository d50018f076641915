from rest_framework import pagination

from api.params import parse_count


class CursorPagination(pagination.CursorPagination):
    """Stable pages while rows are added: phones sync through long lists with a cursor. A
    ``page_size`` outside 1 to ``max_page_size`` is refused (400), as the schema says, rather
    than silently replaced by the default."""

    ordering = "id"
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
                parameter["description"] = f"Rows a page, 1 to {self.max_page_size}."
        return parameters

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        return parse_count(value, self.page_size_query_param, self.max_page_size)
