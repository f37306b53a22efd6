from_file = "extra"
from_var  = "extra"
