MODE = 1_
