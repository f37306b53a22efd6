from_auto = "a.auto"
from_file = "a.auto"
